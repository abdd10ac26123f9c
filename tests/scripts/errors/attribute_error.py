class Account:
    def __init__(self):
        self.balance = 100
a = Account()
print(a.balance)
a.deposit_everything_now(50)
