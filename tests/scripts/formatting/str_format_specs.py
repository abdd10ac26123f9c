for s in ["", "a", "hello", "toolongvalue"]:
    print(f"[{s:8}][{s:>8}][{s:^8}][{s:*<8}][{s:.3}][{s:>8.2}][{s!r:10}]")
print(f"[{'mid':-^11}] [{'x':0>4}] [{'é':_^5}] [{'日本':>4}]")
name = "Ada"
print(f"{name!r:^10}|{name!s:<5}|{str(name):>5}")
print("{:^{w}}|".format("c", w=7), "{:.{p}}|".format("abcdef", p=2))
class Fmt:
    def __format__(self, spec):
        return "Fmt<" + spec + ">"
print(f"{Fmt()} {Fmt():xyz} {Fmt():>10}", format(Fmt(), "abc"), "{:q}".format(Fmt()))
class NoFmt:
    def __str__(self):
        return "nofmt"
print(f"{NoFmt()}", format(NoFmt()), f"{NoFmt()!s:>7}")
try:
    format(NoFmt(), ">5")
except TypeError as e:
    print("TypeError:", e)
