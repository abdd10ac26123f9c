samples = ["123", "12.3", "abc", "abc123", "", " ", "\t\n", "ABC", "Abc", "é", "a b", "_x", "x1", "1x"]
for s in samples:
    print(repr(s), s.isdigit(), s.isnumeric(), s.isdecimal(), s.isalpha(), s.isalnum(),
          s.isspace(), s.isupper(), s.islower(), s.isidentifier())
print("Hello World".istitle(), "hello World".istitle())
