# Names that look like keywords in other languages, and soft keywords used as names
match = 1
case = 2
type = 3
print(match, case, type)
_ = 5
print(_ + match)
def print_all(*names):
    for n in names:
        print(n)
print_all("self", "this", "null", "true")
True_ = True
print(True_, not True_)
print(None is None, True is True, False is not True)
