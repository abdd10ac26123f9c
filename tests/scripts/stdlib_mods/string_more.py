import string
from string import Template, capwords
class Lookup:
    def __getitem__(self, key):
        if key.startswith("x"):
            return key.upper()
        raise KeyError(key)
print(Template("$xa-${xb}-$y").safe_substitute(Lookup()))
print(Template("$n items at $$${price}").substitute(n=3, price=1.5))
print(Template("${a}${b}$a$b").substitute(a=[1], b=None))
class At(Template):
    delimiter = "@@"
print(At("@@who @@@@ @@{what}!").substitute(who="x", what="y"), At("@@ @x").safe_substitute())
t = Template("line1\nline2 $ok\n$9bad")
print(t.safe_substitute(ok="OK"))
try:
    t.substitute(ok=1)
except ValueError as e:
    print("ValueError", e)
try:
    Template("$a $b").substitute({"a": 1})
except KeyError as e:
    print("KeyError", repr(e.args[0]))
print(Template("$a").substitute({"a": 1}, a=2), Template("$é").safe_substitute())
print(Template("${a b}").safe_substitute(a=1), Template("$a.b $a_").safe_substitute(a=1))
print(capwords("hello\tworld\n  again"), capwords("x,y,,z", ","), repr(capwords("")))
print(len(string.printable), string.ascii_letters.index("Z"), "f" in string.hexdigits, string.digits[::-1])
print(sorted(set(string.punctuation) & set("a!b?c.")), repr(string.whitespace))
print(Template("abc").get_identifiers(), Template("$a${b}$a $$c").get_identifiers())
print([Template(s).is_valid() for s in ["$a", "$$", "$", "${a", "${a}", "x$1"]])
