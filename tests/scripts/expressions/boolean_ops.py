print(True and False, True or False, not True, not 0, not "")
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "default", "" or [] or 0)
print([] and "x", [0] and "x", "a" and "b" and "c", 0 or None)
def t(name, val):
    print("eval", name)
    return val
print(t("a", 0) and t("b", 1))
print(t("c", 1) or t("d", 1))
print(t("e", 1) and t("f", 0) or t("g", 2))
print(not 1 == 2, not (1 and 0), (not 1) == False)
x = 3
print(x > 1 and x < 5, x < 1 or x > 2)
print(bool([]), bool([0]), bool({}), bool(0.0), bool(-1), bool("0"), bool(None))
