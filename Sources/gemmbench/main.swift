print("gemmbench")
