"""safety messages (en): limits, damaged or foreign databases, hostile files, environments."""

MESSAGES: dict[str, str] = {
    "safety.too_large_size": (
        "{name}={value} is too large to run here: the layer would have over {limit} "
        "parameters. Exercise sizes show the same shapes, e.g. nn.GRU(10, 20)."
    ),
}
