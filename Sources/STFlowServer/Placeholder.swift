// The server
