"""progress messages (en): the progress store's notices, `stats` and `progress` commands."""

MESSAGES: dict[str, str] = {
    # Store notices (shown by the app and by the commands).
    "progress.notice.corrupt": (
        "Your progress file could not be read, so it was set aside and a new one was started. "
        "Nothing was deleted: the old file is at {moved_to}"
    ),
    "progress.notice.unavailable": (
        "Progress is off for this session: cannot save in {path} ({reason}). "
        "Use --data-dir or set RNN_TUTOR_HOME to a folder you can write to."
    ),
    "progress.notice.newer_schema": (
        "Progress is off for this session: {path} was written by a newer rnn-tutor "
        "(database version {found}; this one knows up to {known}). "
        "The file was left untouched; update rnn-tutor to keep using it."
    ),
    "progress.notice.write_failed": (
        "This answer could not be saved ({reason}). Your earlier progress is safe."
    ),
    "progress.notice.read_failed": "Your progress could not be read ({reason}).",
    # Command line.
    "progress.cli.stats.help": "show your statistics: accuracy, streaks, skills to review",
    "progress.cli.stats.json": "print the statistics as JSON for scripts instead of opening the app",
    "progress.cli.help": "export or import your progress history",
    "progress.cli.export.help": "write every attempt and review card to a JSON file",
    "progress.cli.import.help": (
        "merge a JSON export into your progress (attempts already here are skipped)"
    ),
    "progress.cli.file": "the JSON file (- for standard output or input)",
    "progress.export.done": "Exported {attempts} {attempts:attempt|attempts} to {file}.",
    "progress.import.done": (
        "Imported {added} new {added:attempt|attempts} from {file} ({skipped} {skipped:was|were} already here). "
        "Review schedule rebuilt."
    ),
    "progress.import.nothing_new": (
        "Nothing new in {file}: all {skipped} {skipped:attempt was|attempts were} already here."
    ),
    "progress.error.missing_file": "No such file: {file}",
    "progress.error.unreadable": "Cannot read {file}: {reason}",
    "progress.error.not_utf8": "{file} is not UTF-8 text, so it is not an rnn-tutor export.",
    "progress.error.bad_json": "{file} is not valid JSON (line {line}, column {column}): {reason}",
    "progress.error.not_export": "{file} is not an rnn-tutor progress export.",
    "progress.error.newer_export": (
        "{file} was exported by a newer rnn-tutor (format version {found}; this one reads up "
        "to {known}). Update rnn-tutor to import it."
    ),
    "progress.error.bad_attempt": (
        '{file}: attempt {index} has a missing or invalid "{field}". Nothing was imported.'
    ),
    "progress.error.replay": (
        "{file}: the attempts' times cannot be replayed into a review schedule. "
        "Nothing was imported."
    ),
    "progress.error.too_deep": (
        "{file} is nested too deeply to be read, so it is not an rnn-tutor export. "
        "Nothing was imported."
    ),
    "progress.error.write": "Cannot write {file}: {reason}",
    "progress.error.database": "The progress database failed ({reason}). Nothing was imported.",
    "progress.error.disabled": "Nothing was done because progress is off.",
}
