"""serve messages (en): serving the tutor to a class in browsers, and learner profiles."""

MESSAGES: dict[str, str] = {
    "serve.cli.help": "serve the tutor to browsers (a class): every browser tab runs its own tutor, each learner keeps their own progress",
    "serve.cli.host": "address to listen on (default: 127.0.0.1, this computer only; another address, such as 0.0.0.0, lets other computers connect and is your explicit choice)",
    "serve.cli.port": "port to listen on (default: 8000)",
    "serve.cli.public_url": "the address browsers use to reach this server, when it differs from http://HOST:PORT (for example behind a proxy)",
    "serve.cli.data_dir": "the class's data folder: each learner's progress is kept in learners/NAME/ inside it (default: as for the tutor)",
    "serve.cli.learner": "keep progress in this learner's own profile inside the data folder (letters, digits, Hangul, - and _)",
    "serve.cli.starting": "Serving rnn-tutor on {url} (learners' progress in {folder}). Open {url}/?learner=NAME or let the page ask for a name. Ctrl+C stops.",
    "serve.cli.not_loopback": "Note: {host} is not this computer's loopback address; anyone who can reach it on your network can open the tutor.",
    "serve.cli.cannot_listen": "Cannot listen on {host}:{port}: {reason}. Choose another --port (or --host).",
    "serve.cli.missing": "Serving needs the textual-serve package: {error}",
    "serve.cli.bad_learner": "Not a learner name: {name!r}. {reason}",
    "serve.prompt.ask": "Who is learning? Type your name and press Enter; your progress is kept under this name.",
    "serve.prompt.placeholder": "your name",
    "serve.prompt.rules": "Letters (Hangul too), digits, - and _, up to 32 characters.",
    "serve.name.empty": "Please type a name.",
    "serve.name.long": "A name has at most {limit} characters.",
    "serve.name.chars": "A name may hold only letters (Hangul too), digits, - and _.",
    "serve.name.start": "A name starts with a letter or a digit.",
}
