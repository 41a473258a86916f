"""blur: the Gaussian blur of an instance, read at the reference's lone edges (logo_check/blur.py).

The images are the charter pack's own reference renderings (logo_check.templates), blurred here by
a known Gaussian."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from logo_check.blur import blur_sigma, edge_overshoot, isolated_edges
from logo_check.charter import Charter
from logo_check.templates import reference_set

SCALE = 48.0


def reference(charter: Charter) -> np.ndarray:
    refs = reference_set(charter, SCALE, 0.35)
    return refs.gray_on[("colour", "light")]


def test_lone_edges_leave_out_the_letters(charter: Charter) -> None:
    refs = reference_set(charter, SCALE, 0.35)
    edges = isolated_edges(reference(charter), SCALE)
    assert edges.sum() > 200
    # the wordmark's letters stand close together: few of their edges are alone
    wordmark = refs.element_alpha["wordmark"] > 0.5
    near_letters = cv2.dilate(wordmark.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    letter_edges = cv2.Canny((reference(charter) * 255).astype(np.uint8), 50, 150) > 0
    assert (edges & near_letters).sum() < 0.2 * (letter_edges & near_letters).sum()


@pytest.mark.parametrize("sigma", [0.02, 0.035, 0.045, 0.05])
def test_the_blur_read_is_the_blur_applied(charter: Charter, sigma: float) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    blurred = cv2.GaussianBlur(image, (0, 0), sigma * SCALE)
    # the rendering's own anti-aliasing adds about half a pixel in quadrature
    expected = np.hypot(sigma, 0.5 / SCALE)
    assert blur_sigma(blurred, edges, SCALE) == pytest.approx(expected, rel=0.12)


def test_a_heavier_blur_reads_less_than_it_is_but_more_than_a_lighter_one(charter: Charter) -> None:
    # past the re-blur (0.05 S) the blur reaches the next edges, which the isolation allows for
    # only up to it: 0.07 S reads about 0.062, still well beyond the charter's limit of 0.04
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    readings = [blur_sigma(cv2.GaussianBlur(image, (0, 0), s * SCALE), edges, SCALE) for s in (0.05, 0.07, 0.09)]
    assert readings[0] < readings[1] < readings[2] and readings[1] > 0.055


def test_a_sharp_reference_reads_under_a_tenth_of_the_limit_blurs(charter: Charter) -> None:
    image = reference(charter)
    assert blur_sigma(image, isolated_edges(image, SCALE), SCALE) < 0.02


def test_the_contrast_of_the_edges_does_not_matter(charter: Charter) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    blurred = cv2.GaussianBlur(image, (0, 0), 0.04 * SCALE)
    faint = 0.5 + 0.3 * (blurred - 0.5)
    assert blur_sigma(faint, edges, SCALE) == pytest.approx(blur_sigma(blurred, edges, SCALE), rel=0.02)


def test_no_reading_where_the_edges_do_not_show(charter: Charter) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    assert blur_sigma(np.full_like(image, 0.6), edges, SCALE) is None
    assert blur_sigma(image, np.zeros_like(edges), SCALE) is None


# -- sharpening: the overshoot at the lone edges ---------------------------------------------------


def unsharp(image: np.ndarray, amount: float, sigma_px: float) -> np.ndarray:
    return image + amount * (image - cv2.GaussianBlur(image, (0, 0), sigma_px))


def test_a_sharp_or_blurred_reference_does_not_overshoot(charter: Charter) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    assert edge_overshoot(image, image, edges, SCALE) < 0.01
    assert edge_overshoot(cv2.GaussianBlur(image, (0, 0), 1.5), image, edges, SCALE) < 0.01


@pytest.mark.parametrize("amount", [0.5, 1.0])
def test_an_unsharp_mask_overshoots_by_its_amount(charter: Charter, amount: float) -> None:
    # an unsharp mask of radius 1.5 px adds amount × (the step minus its blur) on each side: a
    # pixel from the edge, about 0.25 of the step, the peak of the profile read between the edge
    # and its plateaus
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    read = edge_overshoot(unsharp(image, amount, 1.5), image, edges, SCALE)
    assert 0.1 * amount < read < 0.35 * amount
    # the overshoot is a share of the step: the same on a page of half the contrast
    assert edge_overshoot(0.5 * unsharp(image, amount, 1.5), image, edges, SCALE) == pytest.approx(read, rel=0.05)


def test_clipping_at_white_leaves_the_dark_side_to_tell(charter: Charter) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    sharpened = unsharp(image, 1.0, 1.5)
    assert edge_overshoot(np.clip(sharpened, 0.0, 1.0), image, edges, SCALE) > 0.1


def test_no_overshoot_without_edges_that_show_a_step(charter: Charter) -> None:
    image = reference(charter)
    edges = isolated_edges(image, SCALE)
    assert edge_overshoot(np.full_like(image, 0.5), image, edges, SCALE) is None
