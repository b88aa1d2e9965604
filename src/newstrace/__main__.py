from newstrace.cli.main import main

main()
