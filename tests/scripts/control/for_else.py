def find(seq, target):
    for i, x in enumerate(seq):
        if x == target:
            print("found", target, "at", i)
            break
    else:
        print(target, "not found")
find([1, 2, 3], 2)
find([1, 2, 3], 5)
find([], 1)
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        print(i, j)
    else:
        print("inner else never")
    if i == 1:
        continue
    print("end of outer", i)
else:
    print("outer else")
for ch in "abc":
    pass
print("ch after loop:", ch)
for x in []:
    pass
else:
    print("empty for runs else")
for i in range(5):
    if i == 2:
        continue
    print("c", i)
