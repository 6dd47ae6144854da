# Reference values for the block-model kernels (src/megaregion/metrics/blockmodel.py).
#
# Run from the repository root, with the source of the R package concorR (Suda, Traxler & Wolf;
# https://github.com/ATraxLab/concorR, GPL >= 2; CRAN) unpacked in CONCORR_SRC:
#   CONCORR_SRC=/path/to/concorR Rscript tests/reference/make_blockmodel_reference.R
# Writes tests/reference/blockmodel_reference.json. Needs R packages igraph, sna and jsonlite.
# concorR's own code is sourced from CONCORR_SRC, not copied here; the package need not be
# installed (its CONCOR needs only base R's cor()).
#
# Networks:
#   krack_advice, krack_friend  Krackhardt (1987) high-tech managers, 21 nodes, binary directed
#                               (the data sets shipped with concorR)
#   valued12                    a 12-node valued directed matrix, rounded exponential draws
#   us_boswash_tt_2000_2023, cn_ele_2008   real networks of tests/reference/networks/
# Values:
#   concor[[name]][[nsplit]]    concorR::concor(list(M), nsplit) block of each node (order of M)
#   concor_multi                concorR::concor(list(advice, friend), nsplit = 2)
#   sedist_euclidean / sedist_correlation   sna::sedist(M, method=, mode="digraph", diag=FALSE)
#   densities_binary / densities_valued     sna::blockmodel(M, ec = concor 2-split, diag=FALSE): block densities
#   hclust[[method]][[k]]       cutree(hclust(as.dist(sedist euclidean), method), k) (valued12)
suppressPackageStartupMessages({
  library(igraph)
  library(sna)
  library(jsonlite)
})

src <- Sys.getenv("CONCORR_SRC")
if (src == "") stop("set CONCORR_SRC to the concorR source folder")
source(file.path(src, "R", "CONCOR.R"))

load_krack <- function(name) {
  e <- new.env()
  load(file.path(src, "data", paste0(name, ".RData")), envir = e)
  g <- upgrade_graph(get(name, e))
  m <- as.matrix(as_adjacency_matrix(g))
  storage.mode(m) <- "double"
  m
}

load_net <- function(name) {
  d <- file.path("tests", "reference", "networks")
  nodes <- read.csv(file.path(d, paste0(name, "_nodes.csv")), colClasses = "character")[[1]]
  e <- read.csv(file.path(d, paste0(name, "_edges.csv")), colClasses = c("character", "character", "numeric"))
  m <- matrix(0, length(nodes), length(nodes), dimnames = list(nodes, nodes))
  for (r in seq_len(nrow(e))) m[e[r, 1], e[r, 2]] <- m[e[r, 1], e[r, 2]] + e[r, 3]
  diag(m) <- 0
  m
}

set.seed(20261201)
v <- matrix(round(rexp(144, rate = 0.2), 1), 12, 12)
v[runif(144) < 0.3] <- 0
diag(v) <- 0
dimnames(v) <- list(sprintf("v%03d", 1:12), sprintf("v%03d", 1:12))

nets <- list(
  krack_advice = load_krack("krack_advice"),
  krack_friend = load_krack("krack_friend"),
  valued12 = v,
  us_boswash_tt_2000_2023 = load_net("us_boswash_tt_2000_2023"),
  cn_ele_2008 = load_net("cn_ele_2008")
)

named <- function(m) {
  dimnames(m) <- list(sprintf("v%03d", seq_len(nrow(m))), sprintf("v%03d", seq_len(nrow(m))))
  m
}

blocks_of <- function(res, m) res$block[match(rownames(m), res$vertex)]

out <- list(
  meta = list(
    r_version = R.version.string,
    sna_version = as.character(packageVersion("sna")),
    igraph_version = as.character(packageVersion("igraph")),
    concorR_source = "github.com/ATraxLab/concorR (R/CONCOR.R, version 0.2.1.9000)",
    generated_by = "tests/reference/make_blockmodel_reference.R"
  ),
  networks = list()
)

for (name in names(nets)) {
  m <- named(nets[[name]])
  # the Chinese firm links have no direction: CONCOR on the symmetric matrix
  if (name == "cn_ele_2008") m <- m + t(m)
  entry <- list(matrix = unname(m), concor = list())
  for (ns in 1:3) {
    res <- suppressWarnings(concor(list(m), nsplit = ns))
    entry$concor[[as.character(ns)]] <- blocks_of(res, m)
  }
  ec <- entry$concor[["2"]]
  entry$sedist_euclidean <- unname(sedist(m, method = "euclidean", mode = "digraph", diag = FALSE))
  entry$sedist_correlation <- unname(sedist(m, method = "correlation", mode = "digraph", diag = FALSE))
  entry$partition <- ec
  entry$densities_binary <- unname(blockmodel(1 * (m > 0), ec, mode = "digraph", diag = FALSE)$block.model)
  entry$densities_valued <- unname(blockmodel(m, ec, mode = "digraph", diag = FALSE)$block.model)
  entry$gden_binary <- gden(1 * (m > 0), mode = "digraph", diag = FALSE)
  out$networks[[name]] <- entry
}

a <- named(nets$krack_advice)
f <- named(nets$krack_friend)
res <- suppressWarnings(concor(list(a, f), nsplit = 2))
out$concor_multi <- blocks_of(res, a)

d <- as.dist(out$networks$valued12$sedist_euclidean)
out$hclust <- list()
for (method in c("average", "complete")) {
  h <- hclust(d, method = method)
  out$hclust[[method]] <- list()
  for (k in 2:5) out$hclust[[method]][[as.character(k)]] <- unname(cutree(h, k = k))
}

write(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", matrix = "rowmajor"),
      file.path("tests", "reference", "blockmodel_reference.json"))
cat("wrote tests/reference/blockmodel_reference.json\n")
