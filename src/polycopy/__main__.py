from polycopy.cli import main

main()
