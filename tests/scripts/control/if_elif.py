def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"
for n in [-5, 0, 3, 42, 1000]:
    print(n, classify(n))
x = []
if x:
    print("non-empty")
else:
    print("empty list is falsy")
if 0: print("no")
elif "": print("no")
elif None: print("no")
else: print("all falsy")
if 1:
    if 0:
        print("inner")
    else:
        print("nested else")
