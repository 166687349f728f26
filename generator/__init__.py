"""paper-catalog: turn raw paper listings into a browsable static catalog."""

__version__ = "0.1.0"
