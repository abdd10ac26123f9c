# full-stderr
def parse(s):
    try:
        int(s)
    except ValueError:
        raise RuntimeError("could not parse")
print("start")
parse("abc")
