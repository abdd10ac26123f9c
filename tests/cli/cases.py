# Command-line cases for run_tests.py (loaded with exec; defines CASES).
#
# Each case runs `coil ARGS...` and `python3 ARGS...` in a fresh temporary folder
# holding `files`, with `stdin` (default empty) as standard input, and compares
# what `check` names: "stdout" (exact), "code" (exit status), "err" (last
# non-empty stderr line), "nonempty" (some output at all). `expect` replaces
# python3 with fixed expectations for Coil-specific behaviour. `{tmp}` in an
# argument becomes the temporary folder.

HELLO = 'import sys\nprint("hello from", sys.argv[0], sys.argv[1:])\n'

CASES = [
    {"name": "c_simple", "args": ["-c", "print(1 + 1)"]},
    {"name": "c_multiline", "args": ["-c", "x = 0\nfor i in range(5):\n    x += i\nprint(x)"]},
    {"name": "c_semicolons", "args": ["-c", "import sys; print(len(sys.argv)); print('ok')"]},
    {"name": "c_argv", "args": ["-c", "import sys; print(sys.argv)", "a", "b c", "-x"]},
    {"name": "c_exit_code", "args": ["-c", "raise SystemExit(3)"]},
    {"name": "c_sys_exit_message", "args": ["-c", "import sys; print('out'); sys.exit('bye')"]},
    {"name": "c_uncaught", "args": ["-c", "print('before')\n1 / 0"]},
    {"name": "c_syntax_error", "args": ["-c", "x = (1,"]},
    {"name": "c_indentation_error", "args": ["-c", "if True:\nprint(1)"]},
    {"name": "c_empty", "args": ["-c", ""]},
    {"name": "c_reads_stdin", "args": ["-c", "print(input().upper()); print(input())"],
     "stdin": "first\nsecond\n"},
    {"name": "c_name_main", "args": ["-c", "print(__name__)"]},
    {"name": "c_import_from_cwd", "args": ["-c", "import helper_mod; print(helper_mod.VALUE)"],
     "files": {"helper_mod.py": "VALUE = 'imported from the current folder'\n"}},
    {"name": "c_keyboard_interrupt", "args": ["-c", "print('flushed', end='')\nraise KeyboardInterrupt"],
     "expect": {"stdout": "flushed", "code": 130, "err": "KeyboardInterrupt"}},
    {"name": "file_args", "args": ["prog.py", "one", "two"], "files": {"prog.py": HELLO}},
    {"name": "file_absolute_path_argv", "args": ["{tmp}/prog.py", "x"],
     "files": {"prog.py": 'import sys\nprint(sys.argv[1:], sys.argv[0].endswith("prog.py"))\n'}},
    {"name": "file_shebang", "args": ["prog.py"],
     "files": {"prog.py": "#!/usr/bin/env coil\nprint('shebang ok')\n"}},
    {"name": "file_missing", "args": ["does_not_exist.py"], "check": ("code", "stdout")},
    {"name": "file_imports_sibling", "args": ["sub/main.py"],
     "files": {"sub/main.py": "import sibling\nprint(sibling.NAME)\n",
               "sub/sibling.py": "NAME = 'sibling of the script, not of the cwd'\n"}},
    {"name": "file_exit_status", "args": ["prog.py"],
     "files": {"prog.py": "import sys\nprint('bye')\nsys.exit(4)\n"}},
    {"name": "file_syntax_error", "args": ["prog.py"], "files": {"prog.py": "print('no')\ndef f(:\n"}},
    {"name": "dash_reads_program", "args": ["-", "arg1"],
     "stdin": "import sys\nprint('program from stdin', sys.argv)\n"},
    {"name": "pipe_without_args", "args": [],
     "stdin": "import sys\nx = 6 * 7\nprint('piped program', x, sys.argv)\n"},
    {"name": "pipe_program_error", "args": [], "stdin": "print('partial')\nraise ValueError('from pipe')\n"},
    {"name": "pipe_syntax_error", "args": ["-"], "stdin": "print('x'\n"},
    {"name": "m_module", "args": ["-m", "runme", "p1", "p2"],
     "files": {"runme.py": "import sys\nprint(__name__, sys.argv[1:])\n"}},
    {"name": "m_missing_module", "args": ["-m", "no_such_module_xyz"], "check": ("code", "stdout")},
    {"name": "version", "args": ["--version"], "check": ("code", "nonempty")},
    {"name": "help", "args": ["--help"], "check": ("code", "nonempty")},
    {"name": "bad_option", "args": ["-Z"], "check": ("code",)},
    {"name": "c_missing_argument", "args": ["-c"], "check": ("code",)},
]
