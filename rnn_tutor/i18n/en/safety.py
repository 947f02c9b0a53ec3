"""safety messages (en): limits, damaged or foreign databases, hostile files, environments."""

MESSAGES: dict[str, str] = {
    "safety.too_large_size": (
        "{name}={value} is too large to run here: the layer would have over {limit} "
        "{limit:parameter|parameters}. Exercise sizes show the same shapes, e.g. nn.GRU(10, 20)."
    ),
    # The progress store.
    "safety.notice.bad_rows": (
        "{count} {count:attempt|attempts} could not be read and {count:was left as it is|were left as they are}. "
        "The rest of your history is shown."
    ),
    "safety.notice.salvaged": (
        "Your progress file was damaged. {count} {count:attempt was|attempts were} read from it into a new file; "
        "the damaged file is kept at {moved_to}"
    ),
    "safety.notice.read_only": (
        "Your progress is read-only ({path} cannot be written): history and stats are shown, "
        "new answers are not saved. Make the file and its folder writable to save again."
    ),
    "safety.notice.not_saved_read_only": (
        "This answer was not saved: your progress file is read-only."
    ),
    "safety.notice.foreign": (
        "Progress is off for this session: {path} is not an rnn-tutor progress file "
        "(found: {found}). It was left untouched. Move it elsewhere, or use --data-dir or "
        "RNN_TUTOR_HOME to keep progress in another folder."
    ),
    # progress export / import.
    "safety.export.unreadable": (
        "Nothing was exported: your progress could not be read ({reason}). "
        "{file} was left as it was."
    ),
    "safety.export.would_lose": (
        "Nothing was exported: {file} holds {missing} {missing:attempt|attempts} that your progress does not, "
        "and writing over it would lose them. Export to another file, or delete {file} first."
    ),
    "safety.export.not_regular": (
        "Nothing was exported: {file} is not a regular file (a device, a pipe, a folder or "
        "a link). Give a new file name, or - for standard output."
    ),
    "safety.import.too_large": (
        "{file} is larger than {limit} MB, so it is not read. Nothing was imported."
    ),
    "safety.input.line_too_long": (
        "Line {line} is longer than {limit} {limit:character|characters}, so it was not read."
    ),
    "safety.data_dir.bad": (
        "Cannot use {path} as the progress folder: {reason}. "
        "Give a folder path with --data-dir or RNN_TUTOR_HOME."
    ),
    "safety.too_many_values": (
        '"{field}" has {count} {count:value|values}; at most {limit} are read, written as text or as a list.'
    ),
}
