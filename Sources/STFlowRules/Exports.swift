// The rules speak in the foundation's values (JSON, dates, times): every module that reads rules reads those too.
@_exported import STFlowFoundation
