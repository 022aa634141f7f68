/**
 * Request-path building blocks shared by the neighbourhood and popularity recommenders: a sparse
 * accumulator over a dense array, per-request exclusion filters, user histories, the user-neighbour
 * search, a pool of per-thread scratch objects and parameter bounds. Public only so that sibling
 * algorithm packages can share them; not part of the library API.
 */
package io.swarmrec.algo.scoring;
