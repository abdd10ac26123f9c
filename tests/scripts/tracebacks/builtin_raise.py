# full-stderr
def convert(values):
    for v in values:
        int(v)
convert(["1", "2", "three"])
