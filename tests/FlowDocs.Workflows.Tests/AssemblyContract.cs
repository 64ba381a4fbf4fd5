// Every answer a test's requests get must be declared in the server's OpenAPI document; an undeclared one fails the test.
[assembly: FlowDocs.Testing.OpenApiContract]
