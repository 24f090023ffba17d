"""One module per command (or group of commands); imported only when run."""
