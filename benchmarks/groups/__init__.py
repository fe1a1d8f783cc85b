"""One module per benchmark group; ``harness.discover`` finds every one."""
