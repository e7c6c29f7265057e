namespace IlertNotify.Cli;

internal enum Command
{
    Help,
    Version,
    Save,
    Send,
    Status,
    Setup,
    Queue,
}
