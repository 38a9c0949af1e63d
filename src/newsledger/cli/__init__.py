"""cli: thin typer commands over the library; each command calls one library function."""
