# Reference values from R sna for the networks in tests/reference/networks/.
#
# Run from the repository root:
#   Rscript tests/reference/make_sna_reference.R
# Writes tests/reference/sna_reference.json. Needs R packages sna and jsonlite
# (Debian: apt-get install -y r-base-core r-cran-sna r-cran-jsonlite).
#
# For each network NAME (NAME_nodes.csv fixes the matrix order; NAME_edges.csv holds
# origin,destination,weight) it builds W (n x n, rows = origin) and
#   B    = 1 * (W > 0)                 binary digraph (diagonal ignored by every call: diag=FALSE)
#   Bsym = 1 * ((W + t(W)) > 0)        binary graph, for gmode = "graph" calls
#   Wsym = W + t(W)                    valued graph, for evcent
suppressPackageStartupMessages({
  library(sna)
  library(jsonlite)
})

netdir <- file.path("tests", "reference", "networks")
files <- sort(list.files(netdir, pattern = "_nodes\\.csv$"))
out <- list(
  meta = list(
    r_version = R.version.string,
    sna_version = as.character(packageVersion("sna")),
    jsonlite_version = as.character(packageVersion("jsonlite")),
    generated_by = "tests/reference/make_sna_reference.R"
  ),
  networks = list()
)

for (f in files) {
  name <- sub("_nodes\\.csv$", "", f)
  nodes <- read.csv(file.path(netdir, f), colClasses = "character")
  edges <- read.csv(file.path(netdir, paste0(name, "_edges.csv")),
                    colClasses = c("character", "character", "numeric"))
  n <- nrow(nodes)
  W <- matrix(0, n, n)
  W[cbind(match(edges$origin, nodes$node_id), match(edges$destination, nodes$node_id))] <- edges$weight
  B <- 1 * (W > 0)
  Wnd <- W; diag(Wnd) <- 0
  Wsym <- Wnd + t(Wnd)
  Bsym <- 1 * (Wsym > 0)

  ev_eigen <- function(M) {
    v <- eigen(M, symmetric = TRUE)$vectors[, 1]
    v * sign(sum(v))
  }

  r <- list(
    n = n,
    gden_binary = gden(B, diag = FALSE, mode = "digraph"),
    gden_valued = gden(W, diag = FALSE, mode = "digraph", ignore.eval = FALSE),
    gden_graph_binary = gden(Bsym, diag = FALSE, mode = "graph"),
    grecip_dyadic = unname(grecip(B, measure = "dyadic")),
    grecip_dyadic_nonnull = unname(grecip(B, measure = "dyadic.nonnull")),
    grecip_edgewise = unname(grecip(B, measure = "edgewise")),
    indegree_binary = degree(B, cmode = "indegree"),
    outdegree_binary = degree(B, cmode = "outdegree"),
    degree_binary = degree(B, cmode = "freeman"),
    indegree_valued = degree(W, cmode = "indegree", ignore.eval = FALSE),
    outdegree_valued = degree(W, cmode = "outdegree", ignore.eval = FALSE),
    degree_valued = degree(W, cmode = "freeman", ignore.eval = FALSE),
    degree_graph_binary = degree(Bsym, gmode = "graph"),
    betweenness_binary = betweenness(B),
    betweenness_valued = betweenness(W, ignore.eval = FALSE),
    betweenness_graph_binary = betweenness(Bsym, gmode = "graph"),
    closeness_binary = closeness(B),
    closeness_valued = closeness(W, ignore.eval = FALSE),
    closeness_graph_binary = closeness(Bsym, gmode = "graph"),
    evcent_graph_binary = ev_eigen(Bsym),
    evcent_graph_valued = ev_eigen(Wsym),
    evcent_graph_binary_sna = evcent(Bsym, gmode = "graph"),
    centralization_degree_binary = centralization(B, degree),
    centralization_betweenness_binary = centralization(B, betweenness),
    centralization_closeness_binary = centralization(B, closeness),
    centralization_indegree_binary = centralization(B, degree, cmode = "indegree"),
    centralization_outdegree_binary = centralization(B, degree, cmode = "outdegree"),
    centralization_degree_graph_binary = centralization(Bsym, degree, mode = "graph"),
    centralization_betweenness_graph_binary = centralization(Bsym, betweenness, mode = "graph"),
    centralization_closeness_graph_binary = centralization(Bsym, closeness, mode = "graph"),
    connectedness = connectedness(B),
    hierarchy_krackhardt = unname(hierarchy(B, measure = "krackhardt")),
    efficiency = efficiency(B),
    lubness = lubness(B)
  )
  out$networks[[name]] <- r
  cat(name, "done\n")
}

write_json(out, file.path("tests", "reference", "sna_reference.json"),
           auto_unbox = TRUE, digits = NA, na = "string", pretty = TRUE)
