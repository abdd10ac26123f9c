def compute():
    result = 10
    print("computing", result)
    return result + undefined_quantity_zz
print("start")
compute()
