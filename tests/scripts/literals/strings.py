print('single', "double")
print('it\'s', "say \"hi\"", "it's", 'say "hi"')
print("""triple double""", '''triple single''')
print("""line1
line2
  line3""")
print('''a 'quoted' "mixed" string''')
print("" == '', len(""), len(''''''))
s = "implicit" ' concatenation' """ of """ '''literals'''
print(s)
t = ("multi "
     "line "
     "concat")
print(t)
print("tab\there", "newline-escape\\n")
print(repr("quote's"), repr('dq"'), repr('both\'"'))
