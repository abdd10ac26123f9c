# INDENT/DEDENT with mixed depths, blank lines and comments between blocks
def f(x):
    if x > 0:
        if x > 10:
            return "big"

        # a comment at another depth
    # and another
        return "positive"
    elif x == 0:
      return "zero"   # two-space block inside four-space block
    else:
            return "negative"

for v in [20, 5, 0, -3]:
    print(v, f(v))

if True:
 print("one space")
 if True:
         print("nine spaces")
 print("back")
print("end")
