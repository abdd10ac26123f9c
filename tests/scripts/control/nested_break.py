found = None
for i in range(5):
    for j in range(5):
        if i * j == 6:
            found = (i, j)
            break
    if found:
        break
print(found)
count = 0
for i in range(3):
    while True:
        count += 1
        if count % 4 == 0:
            break
    print("i", i, "count", count)
def first_neg(rows):
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v < 0:
                return r, c
    return None
print(first_neg([[1, 2], [3, -4], [-5, 6]]))
print(first_neg([[1]]))
for x in range(3):
    try:
        if x == 1:
            continue
        print("body", x)
    finally:
        print("finally", x)
