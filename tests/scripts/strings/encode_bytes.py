s = "héllo €"
b = s.encode()
print(b, len(b), type(b).__name__)
print(s.encode("utf-8") == b, b.decode("utf-8"))
print("abc".encode("ascii"), list("é".encode()))
try:
    "é".encode("ascii")
except UnicodeError as e:
    print(type(e).__name__)
try:
    b"\xff".decode()
except UnicodeError as e:
    print(type(e).__name__)
print(bytes("hi", "utf-8"), str(b"hi", "utf-8"), str(b"hi"))
print(b"abc"[0], b"abc"[-1:], bytes(range(65, 70)))
print(len(b""), b"" == bytes(), b"a" < b"b", b"abc".hex())
print(b"x" * 3, b"a" + b"b", b"abc".find(b"c"), b"a-b".replace(b"-", b"+"))
