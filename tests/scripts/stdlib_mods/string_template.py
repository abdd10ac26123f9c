import string
from string import Template
for name in ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits",
             "hexdigits", "octdigits", "punctuation", "printable", "whitespace"]:
    print(name, repr(getattr(string, name)))
print(string.capwords("  hello   wORLD  foo "), string.capwords("a-b-c", "-"))
t = Template("$who likes ${what}s, costs $$5 ($who)")
print(t.template)
print(t.substitute(who="tim", what="kung pao"))
print(t.substitute({"who": "ann", "what": "tea"}, what="cake"))
print(Template("$a$b ${c}d $$ $").safe_substitute(a=1, c=3))
print(Template("x $1 y").safe_substitute())
print(Template("$nope").safe_substitute({}), Template("${x}").safe_substitute())
print(Template("no placeholders").substitute())
print(Template("$a_1b.$_c").substitute(a_1b="A", _c="C"))
tests = ["$missing", "ok\n  $ bad", "a $1", "${x", "ab $", "${}"]
for s in tests:
    try:
        print(Template(s).substitute(x=1))
    except KeyError as e:
        print("KeyError", e)
    except ValueError as e:
        print("ValueError", e)
print(Template("$a ${b} $$c $a").get_identifiers(), Template("$a $").is_valid(), Template("$a").is_valid())
class T2(Template):
    delimiter = "%"
print(T2("%x and %% and %{y}").substitute(x=1, y=2))
