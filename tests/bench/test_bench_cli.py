"""The command line: defaults, --quick, selections, and refusals of bad options."""

from __future__ import annotations

import pytest

from bench.suite import cli
from bench.suite.scenarios import SCENARIOS
from bench.suite.stacks import STACKS


def test_defaults_run_everything_with_the_full_settings():
    args, config = cli.options([])
    assert config.scenarios == list(SCENARIOS)
    assert [stack.name for stack in config.stacks] == list(STACKS)
    assert (config.duration, config.warmup, config.repetitions) == (
        cli.FULL["duration"],
        cli.FULL["warmup"],
        cli.FULL["repetitions"],
    )
    assert config.connections is None and config.pin
    assert args.output == cli.RESULTS and args.micro and args.charts


def test_quick_uses_short_rounds_unless_overridden():
    _, config = cli.options(["--quick"])
    assert (config.duration, config.warmup, config.repetitions) == (
        cli.QUICK["duration"],
        cli.QUICK["warmup"],
        cli.QUICK["repetitions"],
    )
    _, config = cli.options(["--quick", "--duration", "2", "-r", "2"])
    assert (config.duration, config.repetitions) == (2, 2)


def test_selections_keep_the_fixed_order(tmp_path):
    args, config = cli.options(
        [
            "--scenarios",
            "json, plaintext",
            "--stacks",
            "fastresp,starlette",
            "-c",
            "8",
            "--no-pin",
            "--no-micro",
            "--no-charts",
            "--output",
            str(tmp_path),
        ]
    )
    assert config.scenarios == ["json", "plaintext"]
    assert [stack.name for stack in config.stacks] == ["starlette", "fastresp"]  # STACKS order
    assert config.connections == 8 and not config.pin
    assert not args.micro and not args.charts and args.output == tmp_path


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--scenarios", "plaintext,nope"], "unknown scenario"),
        (["--stacks", "tomcat"], "unknown stack"),
        (["--duration", "0"], "at least 1"),
        (["--connections", "0"], "at least 1"),
        (["--duration", "1.5"], "invalid int"),
    ],
)
def test_bad_options_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit):
        cli.options(argv)
    assert message in capsys.readouterr().err


def test_list_prints_scenarios_and_stacks(capsys):
    assert cli.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SCENARIOS) and all(name in out for name in STACKS)
