parts = []
for i in range(10):
    parts.append(str(i) * i)
print("".join(parts))
s = ""
for c in "hello":
    s = c + s
print(s)
acc = ""
for i in range(5):
    acc += chr(ord("a") + i) * 2
print(acc, len(acc))
table = {}
for ch in "mississippi":
    table[ch] = table.get(ch, 0) + 1
print(table)
words = "the cat sat on the mat with the hat".split()
print(sorted(set(words)) == sorted(dict.fromkeys(words)), len(words))
print(" ".join([w.capitalize() for w in words]))
print("".join([c for c in "a1b2c3" if c.isalpha()]))
print("-".join(["%02d" % n for n in [1, 5, 12]]))
