from newsledger.cli.main import main

main()
