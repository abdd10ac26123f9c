words = ["hello", "HELLO", "hello world", "hELLO wORLD", "3rd place", "it's ok", "", "éclair"]
for w in words:
    print(repr(w), w.upper(), w.lower(), w.title(), w.capitalize(), w.swapcase())
print("Hello".isupper(), "HELLO".isupper(), "hello".islower(), "Hello World".istitle())
print("ÀÉÎ".lower(), "àéî".upper(), "mIxEd CaSe".swapcase())
