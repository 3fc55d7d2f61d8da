import Foundation
import STFlowCLI
import STFlowServer

exit(CLI.run(Array(CommandLine.arguments.dropFirst()), extensions: ["serve": Serve.command]))
