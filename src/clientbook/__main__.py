from clientbook.cli import main

raise SystemExit(main())
