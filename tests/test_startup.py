"""The command line starts without the heavy libraries only some commands need."""

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "scipy", "dash", "plotly")


def test_help_imports_none_of_the_heavy_libraries():
    probe = (
        "import json, sys\n"
        "from tocmap import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []
    assert "usage: tocmap" in run.stdout
