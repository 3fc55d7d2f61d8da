import Foundation
import STFlowCLI

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
