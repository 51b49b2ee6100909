module awsm.test/wasi

go 1.21
