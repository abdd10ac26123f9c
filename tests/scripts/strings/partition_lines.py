print("key=value=more".partition("="), "key=value=more".rpartition("="))
print("novalue".partition("="), "novalue".rpartition("="))
print("a::b".partition("::"), "".partition("x"))
text = "line one\nline two\r\nline three\rfour\n\nlast"
print(text.splitlines())
print(text.splitlines(True))
print("".splitlines(), "\n".splitlines(), "x\n".splitlines(), "x\n\n".split("\n"))
for i, line in enumerate("a\nb\nc".splitlines(), 1):
    print(i, line)
