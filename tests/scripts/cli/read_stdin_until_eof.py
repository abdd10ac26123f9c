lines = []
while True:
    try:
        line = input()
    except EOFError:
        break
    lines.append(line)
print(len(lines), "lines")
for i, l in enumerate(lines):
    print(i, repr(l))
print("total chars", sum([len(l) for l in lines]))
