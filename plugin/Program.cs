using IlertNotify.Cli;

return await App.RunAsync(args, Environment.GetEnvironmentVariables(), Console.In, Console.Out);
