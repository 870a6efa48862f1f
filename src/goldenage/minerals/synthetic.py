"""Generated multi-tier supply networks for benchmarks and property tests (no real data).

The shape follows the networks of Simchi-Levi et al. (2015, *Interfaces* 45(5)): a few end
products (plants with demand and finished-goods stock), each needing several materials (a bill
of materials), each material bought from one to three suppliers, who need materials of their
own from the next tier; raw-material suppliers have no inputs. Suppliers are shared between
customers, and capacities are drawn around the rate each supplier must deliver, so some nodes
have much spare capacity and some little. Every capacity is at least the rate the supplier
must deliver, so the undisrupted network meets its demand indefinitely, as a working supply
chain does. Every figure is random: nothing here is a fact.
"""

from __future__ import annotations

import random
from collections import defaultdict

from goldenage.minerals.network import Edge, Network, Node, make_network


def generate_network(size: int = 1_000, products: int = 20, tiers: int = 3, seed: int = 20251028) -> Network:
    """Return a random acyclic network of ``size`` nodes: ``products`` plants and ``tiers`` of suppliers.

    Tier sizes grow towards the raw materials (1 : 1.5 : 2 ... of the remaining nodes). Plants
    hold 0-4 months of demand; 1 supplier in 5 holds up to 2 months of its output.
    """
    if size < products + tiers or products < 1 or tiers < 1:
        msg = f"size {size} is too small for {products} products and {tiers} tiers"
        raise ValueError(msg)
    rng = random.Random(seed)
    weights = [1 + 0.5 * k for k in range(tiers)]
    rest = size - products
    counts = [max(1, int(rest * w / sum(weights))) for w in weights]
    counts[-1] = rest - sum(counts[:-1])
    layers = [[f"P{i}" for i in range(products)]]
    layers += [[f"T{k + 1}-{i}" for i in range(count)] for k, count in enumerate(counts)]
    demand = {p: rng.uniform(50, 500) for p in layers[0]}
    need: dict[str, float] = defaultdict(float, demand)
    edges: list[Edge] = []
    for tier, layer in enumerate(layers[:-1]):
        below = layers[tier + 1]
        unused = list(below)
        rng.shuffle(unused)
        for name in layer:
            taken: set[str] = set()
            for material in range(rng.randint(2, 4)):
                picks = {unused.pop() if unused else rng.choice(below) for _ in range(rng.randint(1, 3))}
                suppliers = picks - taken
                taken |= suppliers
                ratio = rng.choice((1.0, 1.0, 2.0, 0.5))
                for supplier in suppliers:
                    edges.append(Edge(supplier, name, ratio, material=f"{name}-m{material}"))
                    need[supplier] += need[name] * ratio / len(suppliers)
        served = {(e.source, e.target) for e in edges}
        for name in unused:  # every supplier serves at least one customer
            customer = rng.choice([c for c in layer if (name, c) not in served])
            edges.append(Edge(name, customer, 1.0, material=f"{customer}-extra"))
            need[name] += need[customer]
    nodes = [
        Node(p, demand=demand[p], inventory=rng.uniform(0, 4) * demand[p], stage="product") for p in layers[0]
    ]
    for tier, layer in enumerate(layers[1:], start=1):
        for name in layer:
            stock = rng.uniform(0, 2) * need[name] if rng.random() < 0.2 else 0.0
            capacity = need[name] * rng.uniform(1.0, 2.0)
            nodes.append(Node(name, capacity=capacity, inventory=stock, stage=f"tier {tier}"))
    return make_network(f"generated-{size}", "month", nodes, edges, origin=f"generated (seed {seed})")
