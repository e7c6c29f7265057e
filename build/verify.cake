Task("Verify").IsDependentOn("Pack");
