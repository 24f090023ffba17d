"""Allow ``python -m contactcheck``."""

from contactcheck.cli import main

if __name__ == "__main__":
    main()
