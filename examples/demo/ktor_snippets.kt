// The Kotlin snippets of Ktor's "Responses" pages, in the pages' order, one per
// example of ktor_responses.py. A line "// == METHOD PATH | Title" starts an example;
// the tour (tour.py) shows each snippet beside the Python route that translates it.

// == GET /status | Status code
get("/") {
    call.response.status(HttpStatusCode.OK)
}

// == GET /status/custom | Custom status code
get("/") {
    response.status(HttpStatusCode(418, "I'm a tea pot"))
}

// == GET /content-type | Content type
get("/") {
    call.respondText("Hello, world!", ContentType.Text.Plain, HttpStatusCode.OK)
}

// == GET /headers/append | Headers: append
get("/") {
    call.response.headers.append(HttpHeaders.ETag, "7c876b7e")
}

// == GET /headers/header | Headers: header
get("/") {
    call.response.header(HttpHeaders.ETag, "7c876b7e")
}

// == GET /headers/etag | Headers: etag
get("/") {
    call.response.etag("7c876b7e")
}

// == GET /headers/etag-value | Headers: etag with a space
get("/") {
    call.response.etag("Etag value")
}

// == GET /headers/custom | Headers: a custom header
get("/") {
    call.response.header("Custom", "sfjirjgiu")
}

// == GET /headers/custom-header | Headers: another custom header
get("/") {
    call.response.header("Custom-Header", "Some value")
}

// == GET /cookies | Cookies
get("/") {
    call.response.cookies.append("custom-cookie", "ggg")
}

// == GET /cookies/yummy | Cookies: yummy_cookie
get("/") {
    call.response.cookies.append("yummy_cookie", "choco")
}

// == GET /text | Plain text
get("/") {
    call.respondText("Hello, world!")
}

// == GET /html | HTML DSL
get("/") {
    val name = "Ktor"
    call.respondHtml {
        head {
            title {
                +name
            }
        }
        body {
            h1 {
                +"Hello from $name!"
            }
        }
    }
}

// == GET /index | Template (FreeMarker in Ktor, Jinja2 here)
get("/index") {
    val sampleUser = User(1, "John")
    call.respond(FreeMarkerContent("index.ftl", mapOf("user" to sampleUser)))
}

// == GET /index-template | Template with respondTemplate
get("/index") {
    val sampleUser = User(1, "John")
    call.respondTemplate("index.ftl", mapOf("user" to sampleUser))
}

// == POST /customer | Object (ContentNegotiation)
post("/customer") {
    call.respond(Customer(1, "Jet", "Brains"))
}

// == GET /download | File, downloadable
get("/download") {
    val file = File("files/ktor_logo.png")
    call.response.header(
        HttpHeaders.ContentDisposition,
        ContentDisposition.Attachment.withParameter(ContentDisposition.Parameters.FileName, "ktor_logo.png")
            .toString()
    )
    call.respondFile(file)
}

// == GET /bytes | Raw payload: respondBytes
call.respondBytes(...)

// == GET /write | Raw payload: respondWrite
call.respondWrite { ... }

// == GET /redirect | Redirect
get("/") {
    call.respondRedirect("/moved", permanent = true)
}

// == GET /moved | Redirect target
get("/moved") {
    call.respondText("Moved content")
}

// == GET /events | Server-sent events (Ktor 3's SSE plugin)
sse("/events") {
    val start = call.request.headers["Last-Event-ID"]?.toIntOrNull() ?: 0
    for (n in start + 1..start + 5) {
        send(ServerSentEvent("{\"tick\": $n}", event = "tick", id = "$n", retry = 500))
        delay(300)
    }
}
