# String building, slicing, methods, formatting and joins.
def run():
    parts = []
    for i in range(250000):
        parts.append("item%d" % i)
    s = ",".join(parts)
    fields = s.split(",")
    acc = ""
    for f in fields[:20000]:
        acc += f[-2:]
    words = []
    for i in range(120000):
        w = f"{i:05d}-{i % 7}"
        words.append(w.upper().replace("-", "_"))
    count = 0
    for w in words:
        if w.startswith("0") and w.endswith("_3"):
            count += 1
    text = " ".join(words)
    return len(s), len(acc), count, text.count("_1"), text.find("49999")
print(run())
