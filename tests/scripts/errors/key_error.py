inventory = {"apples": 3, "pears": 0}
for item in ["apples", "pears", "kiwis"]:
    print(item, inventory[item])
