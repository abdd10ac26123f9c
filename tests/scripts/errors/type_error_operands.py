count = 5
label = "items: "
print(label + str(count))
print(count + label)
